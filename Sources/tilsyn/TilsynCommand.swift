import ArgumentParser
import TilsynServer

@main struct Tilsyn: ParsableCommand { func run() {} }
