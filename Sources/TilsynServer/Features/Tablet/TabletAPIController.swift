import Foundation
import NIOCore
import TilsynCore
import Vapor

/// The offline tablet app's API (issue #4): the day to keep on the device, the outbox's changes,
/// and the live stream that tells a screen its data changed.
struct TabletAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tablet", "day", use: day).classify(.recipientList(.keyFacts))
        routes.on(.POST, "tablet", "changes", body: .collect(maxSize: "48mb"), use: changes)
            .classify(.recipientsInBody)
        routes.get("live", use: live).classify(.noHealthData)
    }

    @Sendable func day(req: Request) async throws -> Response {
        let day = try await TabletDay.build(req)
        let response = try await day.encodeResponse(for: req)
        // Health data: the app keeps it itself (and removes it at sign-out); no HTTP cache may.
        response.headers.cacheControl = .init(noStore: true, isPrivate: true)
        return response
    }

    @Sendable func changes(req: Request) async throws -> TabletChangeResults {
        let batch = try req.content.decode(TabletChangeBatch.self)
        return try await TabletChangeApplier(req: req).apply(batch)
    }

    /// Server-sent events: "change" with a topic when something the listener shows changed. A
    /// tablet hears its own day; a leader asking for `?zone=` hears that zone's board too; a report
    /// board on a wall screen `?report=<zone>`; the operator console `?alarms=1`.
    @Sendable func live(req: Request) async throws -> Response {
        let user = try req.requireUser()
        var topics: Set<String> = ["staff:\(user.staffID.uuidString)"]
        if let asked = req.query[String.self, at: "zone"] {
            let (zone, _) = try await ZoneChoice.choose(
                req, asked: asked, everyZone: [.unitLeader, .departmentLeader, .alarmOperator])
            topics.insert("zone:\(zone.id!.uuidString)")
        }
        // A zone's report board (`?report=`), and the alarm queue (`?alarms=1`, alarm staff only).
        if let asked = req.query[String.self, at: "report"] {
            let (zone, _) = try await ReportBoardController.zone(req, asked)
            topics.insert("report:\(zone.id!.uuidString)")
        }
        if req.query[String.self, at: "alarms"] != nil {
            guard AlarmConsoleController.roles.roles.contains(user.role) else { throw Abort(.forbidden) }
            topics.insert("alarms")
        }
        let heard = await req.application.live.listen(topics)
        let response = Response(status: .ok)
        response.headers.contentType = HTTPMediaType(type: "text", subType: "event-stream")
        response.headers.cacheControl = .init(noStore: true)
        response.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        // A compressor would hold small events back until its buffer fills.
        response.headers.responseCompression = .disable
        response.body = .init(asyncStream: { writer in
            let (output, continuation) = AsyncStream<String>.makeStream()
            let relay = Task {
                for await topic in heard { continuation.yield("event: change\ndata: \(topic)\n\n") }
                continuation.finish()
            }
            // A comment every 20 s keeps proxies from closing the stream and finds clients that left.
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(20))
                    continuation.yield(": ping\n\n")
                }
            }
            defer {
                relay.cancel()
                heartbeat.cancel()
            }
            do {
                try await writer.write(.buffer(ByteBuffer(string: "retry: 2000\nevent: ready\ndata: \n\n")))
                for await chunk in output { try await writer.write(.buffer(ByteBuffer(string: chunk))) }
                try await writer.write(.end)
            } catch {
                // The client went away: end the stream (Vapor requires an end or an error).
                try? await writer.write(.error(error))
            }
        })
        return response
    }
}
