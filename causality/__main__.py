from causality.cli import main

main()
