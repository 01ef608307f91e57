import Fluent
import Foundation
import SQLKit
import TilsynCore
import Vapor

/// Password sign-in, device sessions, device PINs and sign-out. Nothing here needs the client to
/// call home to stay signed in: a session lasts its shift, and idleness only locks it behind the PIN.
struct SessionService {
    let database: any Database
    let config: AuthConfig
    let threadPool: NIOThreadPool
    var now: Date = Date()

    init(request: Request) {
        self.init(application: request.application, database: request.db)
    }

    init(application: Application, database: (any Database)? = nil) {
        self.database = database ?? application.db
        config = application.tilsyn.auth
        threadPool = application.threadPool
    }

    /// The result of a sign-in: the cookie's token (shown once) and the session.
    struct NewSession {
        var token: String
        var session: DeviceSessionModel
        /// The password was set by someone else: the person changes it before anything else.
        var mustChangePassword = false
    }

    /// Checks a username and password, throttled per account and per address; starts a device session.
    ///
    /// The attempt is stored before the password is checked and the throttle counts stored attempts,
    /// so concurrent guesses cannot all pass the check before any of them is recorded: each sees at
    /// least the attempts committed before its own.
    func signIn(username: String, password: String, address: String, userAgent: String) async throws -> NewSession {
        let name = username.trimmingCharacters(in: .whitespaces).lowercased()
        let attempt = SignInFailureModel(username: String(name.prefix(200)), address: address, at: now)
        try await attempt.create(on: database)
        do {
            try await checkThrottle(username: attempt.username, address: address)
        } catch {
            // A refused attempt was never checked: it does not lengthen the wait.
            try await attempt.delete(on: database)
            throw error
        }
        let account = try await UserAccountModel.query(on: database).filter(\.$username == name).first()
        // Verify against a dummy hash when the account is unknown, so timing does not reveal usernames.
        let hash = account?.passwordHash ?? Self.dummyHash
        let matches = try await threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
        guard let account, matches, !account.isDisabled else {
            // The stored attempt stays: it is the failure the throttle counts.
            throw AuthError.wrongCredentials
        }
        try await SignInFailureModel.query(on: database).filter(\.$username == name).delete()
        var new = try await startSession(accountID: account.id!, address: address, userAgent: userAgent)
        new.mustChangePassword = account.mustChangePassword
        return new
    }

    /// Starts a device session for an account (after a verified password).
    func startSession(accountID: UUID, address: String, userAgent: String) async throws -> NewSession {
        let token = Self.randomToken()
        let session = DeviceSessionModel()
        session.id = UUID()
        session.tokenHash = Self.hash(token)
        session.$account.id = accountID
        session.createdAt = now
        session.expiresAt = now.addingTimeInterval(config.shiftHours * 3600)
        session.lastActiveAt = now
        session.csrfToken = Self.randomToken()
        session.pinFailures = 0
        session.isLocked = false
        session.address = String(address.prefix(100))
        session.userAgent = String(userAgent.prefix(300))
        try await session.create(on: database)
        return NewSession(token: token, session: session)
    }

    /// The signed-in user of a cookie token, or nil if the session is unknown, ended or past its shift.
    /// A session with a PIN that has been idle too long is locked here.
    func user(forToken token: String) async throws -> SignedInUser? {
        // One query for session, account and staff member: this runs on every request.
        guard
            let session = try await DeviceSessionModel.query(on: database)
                .join(UserAccountModel.self, on: \DeviceSessionModel.$account.$id == \UserAccountModel.$id)
                .join(StaffMemberModel.self, on: \UserAccountModel.$staffMember.$id == \StaffMemberModel.$id)
                .filter(\.$tokenHash == Self.hash(token)).filter(\.$endedAt == nil).first(),
            session.expiresAt > now
        else { return nil }
        let account = try session.joined(UserAccountModel.self)
        let staff = try session.joined(StaffMemberModel.self)
        guard !account.isDisabled else { return nil }
        let idle = now.timeIntervalSince(session.lastActiveAt)
        if session.pinHash != nil, !session.isLocked, idle > config.idleLockMinutes * 60 {
            session.isLocked = true
            try await session.save(on: database)
        } else if !session.isLocked, idle > 60 {
            // Touch at most once a minute: one write per minute per device, not per request.
            session.lastActiveAt = now
            try await session.save(on: database)
        }
        return SignedInUser(
            accountID: account.id!, sessionID: session.id!, staffID: staff.id!, username: account.username,
            name: "\(staff.givenName) \(staff.familyName)", role: StaffRole(rawValue: staff.role) ?? .assistant,
            zoneID: staff.$zone.id, csrfToken: session.csrfToken, isLocked: session.isLocked,
            hasPIN: session.pinHash != nil, mustChangePassword: account.mustChangePassword)
    }

    /// Replaces the account's own password (checked against the current one); clears "must change"
    /// and ends the account's other sessions.
    func changeOwnPassword(accountID: UUID, sessionID: UUID, current: String, new: String) async throws {
        guard new.count >= AccountService.minimumPasswordLength else { throw AccountError.passwordTooShort }
        guard let account = try await UserAccountModel.find(accountID, on: database), !account.isDisabled else {
            throw AuthError.notSignedIn
        }
        let hash = account.passwordHash
        let matches = try await threadPool.runIfActive { (try? Bcrypt.verify(current, created: hash)) ?? false }
        guard matches else { throw AuthError.wrongCredentials }
        let cost = config.passwordCost
        account.passwordHash = try await threadPool.runIfActive { try Bcrypt.hash(new, cost: cost) }
        account.mustChangePassword = false
        try await account.save(on: database)
        try await DeviceSessionModel.query(on: database).filter(\.$account.$id == accountID)
            .filter(\.$id != sessionID).filter(\.$endedAt == nil)
            .set(\.$endedAt, to: now).set(\.$endedReason, to: "passwordChanged").update()
    }

    /// Sets the device PIN (4–8 digits) of an unlocked session.
    func setPIN(_ pin: String, sessionID: UUID) async throws {
        guard (4...8).contains(pin.count), pin.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw AuthError.invalidPIN
        }
        // A low bcrypt cost keeps unlocking fast; the PIN only works with this device's session
        // cookie and is limited to a few attempts, so it never stands alone.
        let hash = try await threadPool.runIfActive { try Bcrypt.hash(pin, cost: 4) }
        guard let session = try await DeviceSessionModel.find(sessionID, on: database) else {
            throw AuthError.notSignedIn
        }
        session.pinHash = hash
        session.pinFailures = 0
        session.lastActiveAt = now
        try await session.save(on: database)
    }

    /// Locks the device now (the PIN unlocks it).
    func lock(sessionID: UUID) async throws {
        guard let session = try await DeviceSessionModel.find(sessionID, on: database) else { return }
        guard session.pinHash != nil else { throw AuthError.noPINSet }
        session.isLocked = true
        try await session.save(on: database)
    }

    /// Unlocks a locked device with its PIN; the fifth wrong PIN ends the session.
    ///
    /// The attempt is counted in one atomic `UPDATE … RETURNING` before the PIN is checked, so
    /// concurrent guesses get numbers 1, 2, 3…, and only the first `pinAttempts` are ever checked.
    /// (Not one transaction around the check: it would hold one of the few pooled connections
    /// through bcrypt, and every other request would wait for it; measured in `bench-auth.sh`.)
    func unlock(pin: String, sessionID: UUID) async throws {
        guard let session = try await DeviceSessionModel.find(sessionID, on: database), session.endedAt == nil else {
            throw AuthError.notSignedIn
        }
        guard let hash = session.pinHash else { throw AuthError.noPINSet }
        guard let attempt = try await countPINAttempt(sessionID: sessionID) else { throw AuthError.notSignedIn }
        guard attempt <= config.pinAttempts else {
            try await endAfterPINAttempts(sessionID: sessionID)
            throw AuthError.pinAttemptsExhausted
        }
        let matches = try await threadPool.runIfActive { (try? Bcrypt.verify(pin, created: hash)) ?? false }
        if matches {
            try await DeviceSessionModel.query(on: database).filter(\.$id == sessionID).filter(\.$endedAt == nil)
                .set(\.$isLocked, to: false).set(\.$pinFailures, to: 0).set(\.$lastActiveAt, to: now).update()
            return
        }
        if attempt >= config.pinAttempts {
            try await endAfterPINAttempts(sessionID: sessionID)
            throw AuthError.pinAttemptsExhausted
        }
        throw AuthError.wrongPIN(remaining: config.pinAttempts - attempt)
    }

    /// Adds one to the session's PIN attempts and returns the new count (nil when the session ended).
    private func countPINAttempt(sessionID: UUID) async throws -> Int? {
        guard let sql = database as? any SQLDatabase else { throw AuthError.notSignedIn }
        let row = try await sql.raw(
            """
            UPDATE device_sessions SET pin_failures = pin_failures + 1
            WHERE id = \(bind: sessionID) AND ended_at IS NULL RETURNING pin_failures
            """
        ).first()
        return try row?.decode(column: "pin_failures", as: Int.self)
    }

    private func endAfterPINAttempts(sessionID: UUID) async throws {
        try await DeviceSessionModel.query(on: database).filter(\.$id == sessionID).filter(\.$endedAt == nil)
            .set(\.$endedAt, to: now).set(\.$endedReason, to: "pinAttempts").update()
    }

    /// Ends this device's session.
    func signOut(sessionID: UUID) async throws {
        try await DeviceSessionModel.query(on: database).filter(\.$id == sessionID).filter(\.$endedAt == nil)
            .set(\.$endedAt, to: now).set(\.$endedReason, to: "signOut").update()
    }

    /// Ends every session of the account, on every device.
    func signOutEverywhere(accountID: UUID) async throws {
        try await DeviceSessionModel.query(on: database).filter(\.$account.$id == accountID)
            .filter(\.$endedAt == nil)
            .set(\.$endedAt, to: now).set(\.$endedReason, to: "signOutEverywhere").update()
    }

    private func checkThrottle(username: String, address: String) async throws {
        let since = now.addingTimeInterval(-config.failureWindowMinutes * 60)
        let byAccount = try await SignInFailureModel.query(on: database).filter(\.$username == username)
            .filter(\.$at > since).all()
        let byAddress = try await SignInFailureModel.query(on: database).filter(\.$address == address)
            .filter(\.$at > since).count()
        // Both counts include the attempt being made.
        let accountThrottled = byAccount.count > config.failuresPerAccount
        if accountThrottled || byAddress > config.failuresPerAddress {
            let oldest = accountThrottled ? byAccount.map(\.at).min() ?? now : now
            let waitSeconds = max(
                60, oldest.addingTimeInterval(config.failureWindowMinutes * 60).timeIntervalSince(now))
            throw AuthError.throttled(minutes: Int((waitSeconds / 60).rounded(.up)))
        }
    }

    static func randomToken() -> String {
        Data([UInt8].random(count: 32)).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A bcrypt hash of a random string, verified against when a username is unknown.
    static let dummyHash: String = (try? Bcrypt.hash(randomToken(), cost: 12)) ?? ""
}
