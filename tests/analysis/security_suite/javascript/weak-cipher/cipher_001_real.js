// cc-suite: cwe=327 real
const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/handle', (req, res) => {
  const param = String(req.query.q || '');
  const key = crypto.randomBytes(32);
  const iv = crypto.randomBytes(16);
  const c = crypto.createCipheriv('des-ede3-cbc', key, iv);
  res.send(c.update(param, 'utf8', 'hex') + c.final('hex'));
});

module.exports = app;
