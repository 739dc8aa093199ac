// cc-suite: cwe=328 safe
const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/handle', (req, res) => {
  const param = String(req.query.q || '');
  const digest = crypto.createHash('sha512').update(param).digest('hex');
  res.send(digest);
});

module.exports = app;
