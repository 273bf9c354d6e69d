package promcheck

import "syscall"

// sysProcAttr asks the kernel to kill Prometheus if the process that started
// it dies first (a killed test binary must not leave Prometheus behind).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
