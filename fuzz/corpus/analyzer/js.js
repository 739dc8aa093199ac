const q = `SELECT * FROM t WHERE id = ${req.query.id}`; // sql
/* block */ let re = /a\/b[/]c/g; el.innerHTML = "<b>" + name + '</b>';
function f(a, b) { if (a) { while (b) { try { eval(b); } catch (e) {} } } return `${a ? `${b}` : 'x'}`; }
