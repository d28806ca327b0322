@_exported import OtelOTLP
@_exported import OtelSDK
@_exported import OtelStatsig
