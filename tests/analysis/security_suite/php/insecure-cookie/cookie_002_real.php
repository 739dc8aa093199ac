<?php // cc-suite: cwe=614 real
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
setcookie('pref', $param, ['expires' => time() + 3600, 'httponly' => true]);
