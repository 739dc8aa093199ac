// cc-suite: cwe=327 real
import crypto from 'crypto';
import { Request, Response } from 'express';

export function handle(req: Request, res: Response): void {
  const param: string = String(req.query.q ?? '');
  const c = crypto.createCipheriv('des-cbc', crypto.randomBytes(8), crypto.randomBytes(8));
  res.send(c.update(param, 'utf8', 'hex'));
}
