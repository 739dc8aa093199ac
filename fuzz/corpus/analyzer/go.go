package main
import ("fmt"; "os/exec")
func main() { s := `raw ${x}`; exec.Command("sh", "-c", os.Args[1]); fmt.Println('x', s) /* c */ }
