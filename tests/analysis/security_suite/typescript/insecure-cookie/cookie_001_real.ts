// cc-suite: cwe=614 real
import crypto from 'crypto';
import { Request, Response } from 'express';

export function handle(req: Request, res: Response): void {
  const param: string = String(req.query.q ?? '');
  res.cookie('theme', param);
  res.send('ok');
}
