#ifndef RESTAKE_CLI_DEVNET_BANNER_H
#define RESTAKE_CLI_DEVNET_BANNER_H

#include "node/node.h"

/* Prints every contract, predeploy, token and strategy address of the node. */
void rs_devnet_print_addresses(const rs_node *n);

#endif
