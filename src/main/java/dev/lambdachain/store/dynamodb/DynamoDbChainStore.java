package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.ChainStore;

/**
 * The {@link ChainStore} on one DynamoDB table (layout in docs/DYNAMODB.md): its reads per item
 * kind, one command per atomic change, and the lease, built by
 * {@link DynamoDbConnection#chainStore}. Every change is decided by the conditions of its writes,
 * never by a lock in this process; every SDK failure leaves it as one of the store's exceptions
 * ({@link SdkErrors}).
 */
record DynamoDbChainStore(Blocks blocks, Transactions transactions, Mempool mempool, History history,
                          Accounts accounts, Peers peers, MiningLease lease, InitialiseChain initialise,
                          AppendBlock append, ReorganiseChain reorganise, AcceptTransaction accept,
                          RejectTransaction reject, RegisterPeers registerPeers, RemovePeers removePeers,
                          PeerPenalties peerPenalties, PeerMisses peerMisses)
        implements ChainStore {
}
