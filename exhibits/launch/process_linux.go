package launch

import (
	"os"
	"syscall"
)

// An exhibit runs in a process group of its own, so that a kill reaches
// whatever it started too; and it must not outlive the shell that started
// it: a restarted shell would otherwise sit under a full-screen exhibit
// nobody is waiting for.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// signalGroup sends sig to the program's whole process group.
func signalGroup(p *os.Process, sig syscall.Signal) error {
	if err := syscall.Kill(-p.Pid, sig); err != nil {
		return p.Signal(sig)
	}
	return nil
}
