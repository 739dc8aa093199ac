// cc-suite: cwe=611 real
const express = require('express');
const crypto = require('crypto');
const app = express();

app.get('/handle', (req, res) => {
  const param = String(req.query.q || '');
  const libxmljs = require('libxmljs');
  const doc = libxmljs.parseXml(param, { noent: true });
  res.send(doc.root().name());
});

module.exports = app;
