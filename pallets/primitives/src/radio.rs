//! Radio physics in integer fixed point: free-space path loss and the strongest signal it allows.
