import Vapor

/// `GET /openapi.yaml`: the checked-in description of the JSON API, served as it is in the repository.
struct OpenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("openapi.yaml", use: document).classify(.noHealthData)
    }

    @Sendable func document(req: Request) async throws -> Response {
        let path = req.application.directory.workingDirectory + "openapi.yaml"
        let response = try await req.fileio.asyncStreamFile(at: path)
        response.headers.contentType = HTTPMediaType(type: "application", subType: "yaml")
        return response
    }
}
