import Fluent
import FluentSQL
import Foundation

/// A staff member's sign-in: username and bcrypt password hash.
final class UserAccountModel: Model, @unchecked Sendable {
    static let schema = "user_accounts"
    @ID(key: .id) var id: UUID?
    @Parent(key: "staff_member_id") var staffMember: StaffMemberModel
    @Field(key: "username") var username: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "is_disabled") var isDisabled: Bool
    @Field(key: "created_at") var createdAt: Date
    /// The password was set by someone else (a leader, the command line): its first use must
    /// replace it before anything else opens.
    @Field(key: "must_change_password") var mustChangePassword: Bool

    init() {}

    init(
        id: UUID = UUID(), staffMemberID: UUID, username: String, passwordHash: String,
        mustChangePassword: Bool = false
    ) {
        self.id = id
        $staffMember.id = staffMemberID
        self.username = username.lowercased()
        self.passwordHash = passwordHash
        isDisabled = false
        createdAt = Date()
        self.mustChangePassword = mustChangePassword
    }
}

/// Accounts learn whether their password was set by someone else.
struct AddAccountSafety: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserAccountModel.schema)
            .field("must_change_password", .bool, .required, .sql(.default(false)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserAccountModel.schema).deleteField("must_change_password").update()
    }
}

/// One signed-in device (browser). The cookie holds a random token; only its SHA-256 is stored.
final class DeviceSessionModel: Model, @unchecked Sendable {
    static let schema = "device_sessions"
    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "account_id") var account: UserAccountModel
    @Field(key: "created_at") var createdAt: Date
    /// The end of the shift: the session ends then whatever happens (never earlier for lack of coverage).
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "last_active_at") var lastActiveAt: Date
    @Field(key: "csrf_token") var csrfToken: String
    /// bcrypt of the device PIN, once set.
    @OptionalField(key: "pin_hash") var pinHash: String?
    @Field(key: "pin_failures") var pinFailures: Int
    @Field(key: "is_locked") var isLocked: Bool
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalField(key: "ended_reason") var endedReason: String?
    @Field(key: "address") var address: String
    @Field(key: "user_agent") var userAgent: String

    init() {}
}

/// A failed sign-in, for throttling per account and per address.
final class SignInFailureModel: Model, @unchecked Sendable {
    static let schema = "sign_in_failures"
    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "address") var address: String
    @Field(key: "at") var at: Date

    init() {}

    init(username: String, address: String, at: Date) {
        self.username = username.lowercased()
        self.address = address
        self.at = at
    }
}

struct CreateAuth: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserAccountModel.schema)
            .id()
            .field("staff_member_id", .uuid, .required, .references(StaffMemberModel.schema, "id"))
            .field("username", .string, .required)
            .field("password_hash", .string, .required)
            .field("is_disabled", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "username")
            .unique(on: "staff_member_id")
            .create()
        try await database.schema(DeviceSessionModel.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("account_id", .uuid, .required, .references(UserAccountModel.schema, "id"))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("last_active_at", .datetime, .required)
            .field("csrf_token", .string, .required)
            .field("pin_hash", .string)
            .field("pin_failures", .int, .required)
            .field("is_locked", .bool, .required)
            .field("ended_at", .datetime)
            .field("ended_reason", .string)
            .field("address", .string, .required)
            .field("user_agent", .string, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema(SignInFailureModel.schema)
            .id()
            .field("username", .string, .required)
            .field("address", .string, .required)
            .field("at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInFailureModel.schema).delete()
        try await database.schema(DeviceSessionModel.schema).delete()
        try await database.schema(UserAccountModel.schema).delete()
    }
}
