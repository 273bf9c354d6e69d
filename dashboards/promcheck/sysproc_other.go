//go:build !linux

package promcheck

import "syscall"

func sysProcAttr() *syscall.SysProcAttr { return nil }
