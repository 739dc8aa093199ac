<?php // cc-suite: cwe=330 safe
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
$_SESSION['csrf'] = random_int(0, PHP_INT_MAX);
echo 'ok';
