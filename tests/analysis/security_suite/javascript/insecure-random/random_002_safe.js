// cc-suite: cwe=330 safe
const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/handle', (req, res) => {
  const param = String(req.query.q || '');
  const token = crypto.randomInt(1e9).toString();
  res.redirect('/verify?otp=' + token);
});

module.exports = app;
