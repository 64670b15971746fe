import "cdktf/lib/testing/adapters/jest";
