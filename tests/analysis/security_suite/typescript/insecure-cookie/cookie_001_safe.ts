// cc-suite: cwe=614 safe
import crypto from 'crypto';
import { Request, Response } from 'express';

export function handle(req: Request, res: Response): void {
  const param: string = String(req.query.q ?? '');
  res.cookie('theme', param, { secure: true, httpOnly: true });
  res.send('ok');
}
