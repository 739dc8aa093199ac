// cc-suite: cwe=330 real
const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/handle', (req, res) => {
  const param = String(req.query.q || '');
  const token = String(Math.random());
  req.session.csrf = token;
  res.send('ok');
});

module.exports = app;
