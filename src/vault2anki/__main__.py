from .cli import main

main(prog_name="vault2anki")
