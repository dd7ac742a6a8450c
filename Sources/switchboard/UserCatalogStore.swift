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
        // The same writer as `history export -o`: private, atomic, and never into a FIFO, device or directory.
        do {
            try OutputFile.write(Data(CatalogCodec.encode(models).utf8), to: target.path, replacing: true)
        } catch {
            throw CatalogStoreError(message: "\(error)")
        }
        return (target, models)
    }
}

struct CatalogStoreError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
