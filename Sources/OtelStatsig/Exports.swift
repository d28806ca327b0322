@_exported import OtelOTLP
