from causality.launch import main

main()
