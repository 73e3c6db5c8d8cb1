// Workgroup size from specialization constants 0, 1, 2, chosen on the Java side
// (ComputePipeline) from the device's limits; nothing here assumes a subgroup size.
layout(local_size_x_id = 0, local_size_y_id = 1, local_size_z_id = 2) in;
