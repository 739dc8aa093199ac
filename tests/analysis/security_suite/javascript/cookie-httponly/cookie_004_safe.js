// cc-suite: cwe=1004 safe
const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/handle', (req, res) => {
  const param = String(req.query.q || '');
  res.cookie('sid', param, { secure: true, httpOnly: true });
  res.send('ok');
});

module.exports = app;
