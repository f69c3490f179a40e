package awstest

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes moto_server stop when the test binary exits, even
// when it exits without calling Stop.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
