<?php // cc-suite: cwe=328 safe
// handler
$param = isset($_GET['q']) ? $_GET['q'] : '';
echo htmlspecialchars(hash('sha256', $param));
