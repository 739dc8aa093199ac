<?php // cc-suite: cwe=327 safe
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$c = openssl_encrypt($param, 'aes-256-gcm', $key, 0, $iv, $tag);
echo htmlspecialchars($c);
