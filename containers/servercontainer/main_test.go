package servercontainer_test

import (
	"testing"

	"github.com/hangarhq/hangar/containers/containerstest"
)

func TestMain(m *testing.M) { containerstest.Main(m) }
