import Foundation
import SwitchboardConfig
import SwitchboardCore

/// Catalogs a user imported with `switchboard models import`, kept as compact catalog files in
/// `$XDG_CONFIG_HOME/switchboard/catalog/` and merged over the bundled one at start-up.
struct UserCatalogStore {
    let directory: URL

    init(environment: [String: String]) {
        directory = ConfigLocation.configDirectory(environment: environment).appendingPathComponent("catalog")
    }

    func loadAll() throws -> [CatalogModel] {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        var models: [CatalogModel] = []
        for file in files.filter({ $0.pathExtension == "catalog" }).sorted(by: { $0.path < $1.path }) {
            let text = try String(contentsOf: file, encoding: .utf8)
            do {
                models += try CatalogCodec.decode(text)
            } catch {
                throw CatalogStoreError(message: "\(file.path): \(error) — re-import it or delete the file")
            }
        }
        return models
    }

    /// Validates `source`, then saves it in compact form under the source's name. Returns the saved file.
    func importFile(_ source: URL) throws -> (URL, [CatalogModel]) {
        let data: Data
        do { data = try Data(contentsOf: source) } catch {
            throw CatalogStoreError(message: "cannot read \(source.path): \(error.localizedDescription)")
        }
        let models: [CatalogModel]
        do { models = try CatalogImport.load(data) } catch {
            throw CatalogStoreError(message: "\(source.path): \(error)")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let target = directory.appendingPathComponent(source.deletingPathExtension().lastPathComponent + ".catalog")
        try PrivateFile.write(Data(CatalogCodec.encode(models).utf8), to: target)
        return (target, models)
    }
}

struct CatalogStoreError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Writes files only their owner can read (mode 0600), atomically.
enum PrivateFile {
    static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CatalogStoreError(message: "cannot write \(temporary.path)")
        }
        // rename(2) replaces the target atomically: a reader sees the old file or the new one, never half.
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw CatalogStoreError(message: "cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
