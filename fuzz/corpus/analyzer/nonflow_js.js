// cc-suite: cwe=330 safe
const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/handle', (req, res) => {
  const param = String(req.query.q || '');
  const delay = Math.random() * 100;
  const token = crypto.randomBytes(16).toString('hex');
  res.cookie('sid', token, { secure: true, httpOnly: true });
  setTimeout(() => res.send('ok'), delay);
});

module.exports = app;
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
