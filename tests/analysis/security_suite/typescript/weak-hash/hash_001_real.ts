// cc-suite: cwe=328 real
import crypto from 'crypto';
import { Request, Response } from 'express';

export function handle(req: Request, res: Response): void {
  const param: string = String(req.query.q ?? '');
  res.send(crypto.createHash('md5').update(param).digest('hex'));
}
