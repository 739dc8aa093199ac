<?php $q = "SELECT * FROM t WHERE id=$_GET[id]"; mysql_query($q); // c
echo <<<EOT
hello {$name}
EOT;
# hash comment
/* block */ eval($_POST['code']); ?> trailing html
