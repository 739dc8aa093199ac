// cc-suite: cwe=614 safe
const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/handle', (req, res) => {
  const param = String(req.query.q || '');
  res.cookie('pref', param, { maxAge: 900000, httpOnly: true, secure: true });
  res.send('ok');
});

module.exports = app;
