// cc-suite: cwe=330 real
const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/handle', (req, res) => {
  const param = String(req.query.q || '');
  const token = Math.random().toString(36).slice(2);
  res.cookie('session', token, { secure: true, httpOnly: true });
  res.send('ok');
});

module.exports = app;
