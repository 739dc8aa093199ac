<?php // cc-suite: cwe=327 real
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$c = openssl_encrypt($param, 'des-ede3-cbc', $key, 0, $iv);
echo htmlspecialchars($c);
