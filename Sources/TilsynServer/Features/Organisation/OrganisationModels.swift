import Fluent
import Foundation
import TilsynCore

final class MunicipalityModel: Model, @unchecked Sendable {
    static let schema = "municipalities"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String

    init() {}
    init(_ municipality: Municipality) {
        id = municipality.id
        name = municipality.name
    }
}

final class CareUnitModel: Model, @unchecked Sendable {
    static let schema = "care_units"
    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: MunicipalityModel
    @Field(key: "name") var name: String

    init() {}
    init(_ unit: CareUnit) {
        id = unit.id
        $municipality.id = unit.municipalityID
        name = unit.name
    }
}

final class ZoneModel: Model, @unchecked Sendable {
    static let schema = "zones"
    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: CareUnitModel
    @Field(key: "name") var name: String

    init() {}
    init(_ zone: Zone) {
        id = zone.id
        $unit.id = zone.unitID
        name = zone.name
    }

    var domain: Zone { Zone(id: id!, unitID: $unit.id, name: name) }
}

struct CreateOrganisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MunicipalityModel.schema)
            .id().field("name", .string, .required).create()
        try await database.schema(CareUnitModel.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(MunicipalityModel.schema, "id"))
            .field("name", .string, .required)
            .create()
        try await database.schema(ZoneModel.schema)
            .id()
            .field("unit_id", .uuid, .required, .references(CareUnitModel.schema, "id"))
            .field("name", .string, .required)
            .unique(on: "unit_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ZoneModel.schema).delete()
        try await database.schema(CareUnitModel.schema).delete()
        try await database.schema(MunicipalityModel.schema).delete()
    }
}
