<?php // cc-suite: cwe=330 safe
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$token = bin2hex(random_bytes(16));
setcookie('remember', $token, time() + 3600, '/', '', true, true);
