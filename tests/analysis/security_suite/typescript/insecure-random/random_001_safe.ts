// cc-suite: cwe=330 safe
import crypto from 'crypto';
import { Request, Response } from 'express';

export function handle(req: Request, res: Response): void {
  const param: string = String(req.query.q ?? '');
  const sessionValue: string = crypto.randomBytes(18).toString('base64url');
  res.cookie('sid', sessionValue, { secure: true, httpOnly: true });
  res.send('ok');
}
