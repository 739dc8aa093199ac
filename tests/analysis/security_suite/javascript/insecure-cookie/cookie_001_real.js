// cc-suite: cwe=614 real
const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/handle', (req, res) => {
  const param = String(req.query.q || '');
  res.cookie('pref', param, { httpOnly: true });
  res.send('ok');
});

module.exports = app;
