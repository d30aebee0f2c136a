from workgroups.cli import main

main()
