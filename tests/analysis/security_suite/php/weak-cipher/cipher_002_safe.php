<?php // cc-suite: cwe=327 safe
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$c = openssl_encrypt($param, 'aes-128-cbc', $key, 0, $iv);
echo htmlspecialchars($c);
