// cc-suite: cwe=295 safe
const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/handle', (req, res) => {
  const param = String(req.query.q || '');
  const https = require('https');
  const agent = new https.Agent({ ca: process.env.CA_BUNDLE, keepAlive: true });
  https.get('https://api.example.com/?q=' + encodeURIComponent(param), { agent }, (r) => r.pipe(res));
});

module.exports = app;
