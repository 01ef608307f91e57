import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import Vapor

public enum Y {}
