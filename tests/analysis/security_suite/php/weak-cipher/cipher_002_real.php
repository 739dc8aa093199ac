<?php // cc-suite: cwe=327 real
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$c = openssl_encrypt($param, 'aes-128-ecb', $key);
echo htmlspecialchars($c);
