// cc-suite: cwe=330 safe
const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/handle', (req, res) => {
  const param = String(req.query.q || '');
  const token = crypto.randomBytes(16).toString('hex');
  res.cookie('session', token, { secure: true, httpOnly: true });
  res.send('ok');
});

module.exports = app;
