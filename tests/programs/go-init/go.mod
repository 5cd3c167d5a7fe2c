module go-init

go 1.27
