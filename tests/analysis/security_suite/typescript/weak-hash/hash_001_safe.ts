// cc-suite: cwe=328 safe
import crypto from 'crypto';
import { Request, Response } from 'express';

export function handle(req: Request, res: Response): void {
  const param: string = String(req.query.q ?? '');
  res.send(crypto.createHash('sha256').update(param).digest('hex'));
}
