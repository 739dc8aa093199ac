// cc-suite: cwe=330 real
import crypto from 'crypto';
import { Request, Response } from 'express';

export function handle(req: Request, res: Response): void {
  const param: string = String(req.query.q ?? '');
  const sessionValue: string = Math.random().toString(36);
  res.cookie('sid', sessionValue, { secure: true, httpOnly: true });
  res.send('ok');
}
