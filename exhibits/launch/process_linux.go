package launch

import "syscall"

// An exhibit must not outlive the shell that started it: a restarted shell
// would otherwise sit under a full-screen exhibit nobody is waiting for.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
